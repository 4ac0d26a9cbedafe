
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  
    
    



select occurred_at
from main."fct_events"
where occurred_at is null



  
  
      
    ) dbt_internal_test