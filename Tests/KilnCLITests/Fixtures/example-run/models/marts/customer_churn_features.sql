
  
    
    
    create  table main."customer_churn_features"
    as
        

-- One row per clean customer with the features the churn model needs,
-- all measured at the fixed as-of date 2024-06-30.
with  __dbt__cte__int_customer_activity as (
-- Events and support tickets rolled up per customer (ephemeral: inlined as a CTE).
with events as (

    select
        customer_id,
        count(*) as event_count,
        max(occurred_at) as last_event_at
    from main."stg_events"
    group by customer_id

),

tickets as (

    select
        customers.customer_id,
        count(*) as ticket_count,
        sum(case when tickets.status <> 'closed' then 1 else 0 end) as open_ticket_count,
        max(tickets.opened_at) as last_ticket_at
    from main."stg_support_tickets" as tickets
    inner join main."stg_customers" as customers
        on customers.email = tickets.customer_email
    group by customers.customer_id

)

select
    customers.customer_id,
    coalesce(events.event_count, 0) as event_count,
    coalesce(tickets.ticket_count, 0) as ticket_count,
    coalesce(tickets.open_ticket_count, 0) as open_ticket_count,
    events.last_event_at,
    tickets.last_ticket_at,
    case
        when events.last_event_at is null then tickets.last_ticket_at
        when tickets.last_ticket_at is null then events.last_event_at
        when events.last_event_at > tickets.last_ticket_at then events.last_event_at
        else tickets.last_ticket_at
    end as last_activity_at
from main."stg_customers" as customers
left join events on events.customer_id = customers.customer_id
left join tickets on tickets.customer_id = customers.customer_id
), customers as (

    select * from main."stg_customers"

),

subscriptions as (

    select
        customer_id,
        count(*) as subscription_count,
        sum(case when status in ('active', 'past_due', 'trialing') then 1 else 0 end) as active_subscription_count,
        sum(case when status in ('active', 'past_due') then mrr_cents else 0 end) as current_mrr_cents,
        min(started_at) as first_started_at
    from main."stg_subscriptions"
    group by customer_id

),

payments as (

    select
        subscriptions.customer_id,
        sum(case when invoices.paid_at is not null then invoices.amount_cents else 0 end) as lifetime_paid_cents
    from main."stg_invoices" as invoices
    inner join main."stg_subscriptions" as subscriptions
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

  