
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  -- Credit notes belong on invoices; a subscription's MRR is never negative.
select subscription_id, mrr_cents
from main."stg_subscriptions"
where mrr_cents < 0
  
  
      
    ) dbt_internal_test