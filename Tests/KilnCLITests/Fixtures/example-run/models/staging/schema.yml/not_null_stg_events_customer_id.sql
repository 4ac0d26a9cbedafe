
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  
    
    



select customer_id
from main."stg_events"
where customer_id is null



  
  
      
    ) dbt_internal_test