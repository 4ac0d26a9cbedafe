-- Every clean customer appears exactly once in the churn features.
select customers.customer_id
from {{ ref('stg_customers') }} as customers
left join {{ ref('customer_churn_features') }} as features
    on features.customer_id = customers.customer_id
where features.customer_id is null
