select
date_trunc('month', created_at) as t1,
first_name || ' ' || last_name as c1,

    
    cast(amount as integer)
 as s1,
TEXT | integer | bigint | float | numeric(28,6) | timestamp | boolean as types,
now() as now1,


  
    

    split_part(
        email,
        '@',
        2
        )


  

 as sp1,


  
    

    split_part(
        email,
        '@',
          length(email)
          - length(
              replace(email,  '@', '')
          ) + 2 + -1
        )


  

 as sp2,
min(name) as av,
bool_or(flag) as bo,

  
    cast(flag as TEXT)

 as cb,
'it''s' as esc,
'O'Brien' as lit,


    right(
        name,
        3
    ) as r1,


    length(
        name
    ) as len1,


    position(
        '@' in email
    ) as pos1,


    replace(
        name,
        'a',
        'b'
    )


 as rep1,
TEXT as unqualified,

    cast(x as TEXT)
 as cast1