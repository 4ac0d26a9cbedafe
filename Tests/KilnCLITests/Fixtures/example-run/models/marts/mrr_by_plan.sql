
  
    
    
    create  table main."mrr_by_plan"
    as
        


select
    coalesce(plan, 'unknown') as plan,
    count(*) as customer_count,
    sum(is_churned) as churned_customers,
    round(1.0 * sum(is_churned) / count(*), 4) as churn_rate,
    sum(current_mrr_cents) as total_mrr_cents,
    round(sum(current_mrr_cents) / 100.0, 2) as total_mrr,
    'USD' as currency
from main."customer_churn_features"
group by coalesce(plan, 'unknown')

  