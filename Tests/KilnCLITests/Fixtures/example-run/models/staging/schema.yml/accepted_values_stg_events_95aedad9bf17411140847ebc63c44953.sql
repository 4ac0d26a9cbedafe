
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        event_type as value_field,
        count(*) as n_records

    from main."stg_events"
    group by event_type

)

select *
from all_values
where value_field not in (
    'login','page_view','feature_used','export','invite_sent'
)



  
  
      
    ) dbt_internal_test