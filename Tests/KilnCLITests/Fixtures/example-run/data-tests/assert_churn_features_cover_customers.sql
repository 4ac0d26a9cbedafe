
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  -- Every clean customer appears exactly once in the churn features.
select customers.customer_id
from main."stg_customers" as customers
left join main."customer_churn_features" as features
    on features.customer_id = customers.customer_id
where features.customer_id is null
  
  
      
    ) dbt_internal_test