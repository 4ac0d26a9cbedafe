
    
    

with all_values as (

    select
        plan as value_field,
        count(*) as n_records

    from main."stg_customers"
    group by plan

)

select *
from all_values
where value_field not in (
    'free','starter','pro','enterprise'
)


