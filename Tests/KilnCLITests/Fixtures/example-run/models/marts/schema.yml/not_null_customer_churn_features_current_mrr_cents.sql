
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  
    
    



select current_mrr_cents
from main."customer_churn_features"
where current_mrr_cents is null



  
  
      
    ) dbt_internal_test