select


    created_at + ((interval '1 day') * (3))

 as a1,


    '2024-01-31' + ((interval '1 month') * (-1))

 as a2,

        ((updated_at)::date - (created_at)::date)
     as d1,

        (
        (date_part('year', ('2024-03-01')::date) - date_part('year', ('2024-01-01')::date))
     * 12 + date_part('month', ('2024-03-01')::date) - date_part('month', ('2024-01-01')::date))
     as d2,

        (
        ((b)::date - (a)::date)
     / 7 + case
            when date_part('dow', (a)::timestamp) <= date_part('dow', (b)::timestamp) then
                case when a <= b then 0 else -1 end
            else
                case when a <= b then 1 else 0 end
        end)
     as d3,

        (
        ((b)::date - (a)::date)
     * 24 + date_part('hour', (b)::timestamp) - date_part('hour', (a)::timestamp))
     as d4,
date_trunc('month', created_at) as t1,
first_name || ' ' || last_name as c1,
md5(cast(email as TEXT)) as h1,

    
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

    string_agg(
        name,
        ', '
        
        ) as l1,

    string_agg(
        name,
        ', '
        order by name
        ) as l2,
array_to_string(
        (array_agg(
            name
            order by name
        ))[1:3],
        ', '
        ) as l3,
min(name) as av,
bool_or(flag) as bo,

  
    cast(flag as TEXT)

 as cb,
'it''s' as esc,
'O'Brien' as lit,
cast(
        

    

    date_trunc('month', created_at) + ((interval '1 month') * (1))

 + ((interval '1 day') * (-1))


        as date) as ld,


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