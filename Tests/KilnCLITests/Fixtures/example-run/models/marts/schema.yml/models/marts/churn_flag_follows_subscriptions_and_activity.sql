-- Build actual result given inputs
with dbt_internal_unit_test_actual as (
  select
    customer_id,current_mrr_cents,is_churned, 'actual' as "actual_or_expected"
  from (
    

-- One row per clean customer with the features the churn model needs,
-- all measured at the fixed as-of date 2024-06-30.
with  __dbt__cte__stg_customers as (

-- Fixture for stg_customers
select 
    
    cast(1 as INT)
 as customer_id, cast(null as UNKNOWN) as email, cast(null as UNKNOWN) as full_name, 
    
    cast('pro' as UNKNOWN)
 as plan, cast(null as UNKNOWN) as country_code, 
    
    cast('2023-01-01' as UNKNOWN)
 as signup_date, cast(null as UNKNOWN) as updated_at
union all
select 
    
    cast(2 as INT)
 as customer_id, cast(null as UNKNOWN) as email, cast(null as UNKNOWN) as full_name, 
    
    cast('pro' as UNKNOWN)
 as plan, cast(null as UNKNOWN) as country_code, 
    
    cast('2023-01-01' as UNKNOWN)
 as signup_date, cast(null as UNKNOWN) as updated_at
union all
select 
    
    cast(3 as INT)
 as customer_id, cast(null as UNKNOWN) as email, cast(null as UNKNOWN) as full_name, 
    
    cast('starter' as UNKNOWN)
 as plan, cast(null as UNKNOWN) as country_code, 
    
    cast('2023-01-01' as UNKNOWN)
 as signup_date, cast(null as UNKNOWN) as updated_at
union all
select 
    
    cast(4 as INT)
 as customer_id, cast(null as UNKNOWN) as email, cast(null as UNKNOWN) as full_name, 
    
    cast('free' as UNKNOWN)
 as plan, cast(null as UNKNOWN) as country_code, 
    
    cast('2023-01-01' as UNKNOWN)
 as signup_date, cast(null as UNKNOWN) as updated_at
),  __dbt__cte__stg_subscriptions as (
select 101 as subscription_id, 1 as customer_id, 'active' as status, 1000 as mrr_cents, cast(null as date) as started_at
union all
select 102 as subscription_id, 2 as customer_id, 'active' as status, 500 as mrr_cents, cast(null as date) as started_at
union all
select 103 as subscription_id, 3 as customer_id, 'cancelled' as status, 0 as mrr_cents, cast(null as date) as started_at
union all
select 104 as subscription_id, 4 as customer_id, 'active' as status, 200 as mrr_cents, cast(null as date) as started_at
),  __dbt__cte__stg_invoices as (

-- Fixture for stg_invoices
select 
    
    cast(1 as INT)
 as invoice_id, 
    
    cast(101 as INT)
 as subscription_id, 
    
    cast(1000 as INT)
 as amount_cents, cast(null as REAL) as tax_rate, cast(null as UNKNOWN) as invoice_type, cast(null as UNKNOWN) as issued_at, 
    
    cast('2024-06-01' as UNKNOWN)
 as paid_at
),  __dbt__cte__int_customer_activity as (
select 1 as customer_id, 5 as event_count, 0 as ticket_count, 0 as open_ticket_count, '2024-06-20 10:00:00' as last_activity_at
union all
select 2 as customer_id, 3 as event_count, 1 as ticket_count, 1 as open_ticket_count, '2024-03-01 09:00:00' as last_activity_at
union all
select 3 as customer_id, 8 as event_count, 0 as ticket_count, 0 as open_ticket_count, '2024-06-25 12:00:00' as last_activity_at
), customers as (

    select * from __dbt__cte__stg_customers

),

subscriptions as (

    select
        customer_id,
        count(*) as subscription_count,
        sum(case when status in ('active', 'past_due', 'trialing') then 1 else 0 end) as active_subscription_count,
        sum(case when status in ('active', 'past_due') then mrr_cents else 0 end) as current_mrr_cents,
        min(started_at) as first_started_at
    from __dbt__cte__stg_subscriptions
    group by customer_id

),

payments as (

    select
        subscriptions.customer_id,
        sum(case when invoices.paid_at is not null then invoices.amount_cents else 0 end) as lifetime_paid_cents
    from __dbt__cte__stg_invoices as invoices
    inner join __dbt__cte__stg_subscriptions as subscriptions
        on subscriptions.subscription_id = invoices.subscription_id
    group by subscriptions.customer_id

),

activity as (

    select * from __dbt__cte__int_customer_activity

),

joined as (

    select
        customers.customer_id,
        customers.email,
        customers.plan,
        customers.country_code,
        coalesce(customers.signup_date, subscriptions.first_started_at) as customer_since,
        coalesce(subscriptions.subscription_count, 0) as subscription_count,
        coalesce(subscriptions.active_subscription_count, 0) as active_subscription_count,
        coalesce(subscriptions.current_mrr_cents, 0) as current_mrr_cents,
        coalesce(payments.lifetime_paid_cents, 0) as lifetime_paid_cents,
        activity.event_count,
        activity.ticket_count,
        activity.open_ticket_count,
        activity.last_activity_at
    from customers
    left join subscriptions on subscriptions.customer_id = customers.customer_id
    left join payments on payments.customer_id = customers.customer_id
    left join activity on activity.customer_id = customers.customer_id

)

select
    customer_id,
    email,
    plan,
    country_code,
    customer_since,
    cast(julianday(date('2024-06-30')) - julianday(date(customer_since)) as integer) as tenure_days,
    subscription_count,
    active_subscription_count,
    current_mrr_cents,
    lifetime_paid_cents,
    event_count,
    ticket_count,
    open_ticket_count,
    last_activity_at,
    cast(julianday(date('2024-06-30')) - julianday(date(last_activity_at)) as integer) as days_since_last_activity,
    case
        when active_subscription_count = 0 then 1
        when last_activity_at is null then 1
        when cast(julianday(date('2024-06-30')) - julianday(date(last_activity_at)) as integer) > 60 then 1
        else 0
    end as is_churned
from joined
  ) _dbt_internal_unit_test_actual
),
-- Build expected result
dbt_internal_unit_test_expected as (
  select
    customer_id, current_mrr_cents, is_churned, 'expected' as "actual_or_expected"
  from (
    select 
    
    cast(1 as INT)
 as customer_id, 
    
    cast(1000 as UNKNOWN)
 as current_mrr_cents, 
    
    cast(0 as UNKNOWN)
 as is_churned
union all
select 
    
    cast(2 as INT)
 as customer_id, 
    
    cast(500 as UNKNOWN)
 as current_mrr_cents, 
    
    cast(1 as UNKNOWN)
 as is_churned
union all
select 
    
    cast(3 as INT)
 as customer_id, 
    
    cast(0 as UNKNOWN)
 as current_mrr_cents, 
    
    cast(1 as UNKNOWN)
 as is_churned
union all
select 
    
    cast(4 as INT)
 as customer_id, 
    
    cast(200 as UNKNOWN)
 as current_mrr_cents, 
    
    cast(1 as UNKNOWN)
 as is_churned
  ) _dbt_internal_unit_test_expected
)
-- Union actual and expected results
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected