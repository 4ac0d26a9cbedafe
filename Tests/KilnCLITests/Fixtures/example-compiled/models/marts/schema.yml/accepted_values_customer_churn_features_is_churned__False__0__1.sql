
    
    

with all_values as (

    select
        is_churned as value_field,
        count(*) as n_records

    from main."customer_churn_features"
    group by is_churned

)

select *
from all_values
where value_field not in (
    0,1
)


