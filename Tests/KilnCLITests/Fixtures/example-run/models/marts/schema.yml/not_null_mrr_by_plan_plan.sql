
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  
    
    



select plan
from main."mrr_by_plan"
where plan is null



  
  
      
    ) dbt_internal_test