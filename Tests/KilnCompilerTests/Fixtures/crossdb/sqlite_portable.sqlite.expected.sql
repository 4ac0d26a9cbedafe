select
date_trunc('month', created_at) as t1,
first_name || ' ' || last_name as c1,

    
    cast(amount as integer)
 as s1,
TEXT | integer | bigint | float | numeric(28,6) | timestamp | boolean as types,
datetime() as now1,


    split_part(
        email,
        '@',
        2
        )

 as sp1,


    split_part(
        email,
        '@',
        -1
        )

 as sp2,
min(name) as av,
max(flag) as bo,

  
    case
      when flag = 0 then 'false'
      when flag = 1 then 'true'    
    end

 as cb,
'it''s' as esc,
'O'Brien' as lit,

    case
      when 3 <> 0 then 
      substr(
          name,
          -1 * 3
      )
      else ''
    end as r1,


    length(
        name
    ) as len1,


    instr(email, '@') as pos1,


    replace(
        name,
        'a',
        'b'
    )


 as rep1,
TEXT as unqualified,

    cast(x as TEXT)
 as cast1