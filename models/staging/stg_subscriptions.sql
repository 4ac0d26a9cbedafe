{{ config(tags=['billing']) }}

-- Billing subscriptions: exact duplicates collapsed, negative MRR and rows
-- without a valid start date or a known customer rejected.
with source as (

    select * from {{ ref('raw_subscriptions') }}

),

cleaned as (

    select
        subscription_id,
        customer_id,
        lower({{ clean_text('plan') }}) as plan,
        mrr_cents,
        {{ safe_date('started_at') }} as started_at,
        {{ safe_date('cancelled_at') }} as cancelled_at,
        {{ map_values('status', {'canceled': 'cancelled'}) }} as status
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
  and customer_id in (select customer_id from {{ ref('stg_customers') }})
