
    
    create view main."stg_subscriptions" as
    

-- Billing subscriptions: exact duplicates collapsed, negative MRR and rows
-- without a valid start date or a known customer rejected.
with source as (

    select * from main."raw_subscriptions"

),

cleaned as (

    select
        subscription_id,
        customer_id,
        lower(nullif(trim(plan), '')) as plan,
        mrr_cents,
        case when date(started_at, '+0 days') = substr(started_at, 1, 10) then date(started_at, '+0 days') end as started_at,
        case when date(cancelled_at, '+0 days') = substr(cancelled_at, 1, 10) then date(cancelled_at, '+0 days') end as cancelled_at,
        case lower(trim(status))
        when 'canceled' then 'cancelled'
        else lower(trim(status))
    end as status
    from source
    where subscription_id is not null
      and customer_id is not null

),

ranked as (

    select
        cleaned.*,
        row_number() over (partition by subscription_id order by started_at) as row_num
    from cleaned

)

select
    subscription_id,
    customer_id,
    plan,
    mrr_cents,
    started_at,
    cancelled_at,
    status
from ranked
where row_num = 1
  and mrr_cents >= 0
  and started_at is not null
  and customer_id in (select customer_id from main."stg_customers");