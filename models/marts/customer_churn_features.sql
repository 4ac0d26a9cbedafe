{{ config(materialized='table', tags=['churn']) }}

{%- set as_of = date_literal(var('as_of_date')) %}
{%- set inactive_days = var('churn_inactive_days') %}

-- One row per clean customer with the features the churn model needs,
-- all measured at the fixed as-of date {{ var('as_of_date') }}.
with customers as (

    select * from {{ ref('stg_customers') }}

),

subscriptions as (

    select
        customer_id,
        count(*) as subscription_count,
        sum(case when status in ('active', 'past_due', 'trialing') then 1 else 0 end) as active_subscription_count,
        sum(case when status in ('active', 'past_due') then mrr_cents else 0 end) as current_mrr_cents,
        min(started_at) as first_started_at
    from {{ ref('stg_subscriptions') }}
    group by customer_id

),

payments as (

    select
        subscriptions.customer_id,
        sum(case when invoices.paid_at is not null then invoices.amount_cents else 0 end) as lifetime_paid_cents
    from {{ ref('stg_invoices') }} as invoices
    inner join {{ ref('stg_subscriptions') }} as subscriptions
        on subscriptions.subscription_id = invoices.subscription_id
    group by subscriptions.customer_id

),

activity as (

    select * from {{ ref('int_customer_activity') }}

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
    {{ days_between('customer_since', as_of) }} as tenure_days,
    subscription_count,
    active_subscription_count,
    current_mrr_cents,
    lifetime_paid_cents,
    event_count,
    ticket_count,
    open_ticket_count,
    last_activity_at,
    {{ days_between('last_activity_at', as_of) }} as days_since_last_activity,
    case
        when active_subscription_count = 0 then 1
        when last_activity_at is null then 1
        when {{ days_between('last_activity_at', as_of) }} > {{ inactive_days }} then 1
        else 0
    end as is_churned
from joined
