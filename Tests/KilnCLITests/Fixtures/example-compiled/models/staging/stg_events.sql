-- Product events: exact duplicates and events without a known customer dropped;
-- a re-sent event id keeps its latest occurrence.
with source as (

    select distinct * from main."raw_events"

),

ranked as (

    select
        event_id,
        customer_id,
        lower(trim(event_type)) as event_type,
        case when datetime(occurred_at, '+0 seconds') = occurred_at then datetime(occurred_at, '+0 seconds') end as occurred_at,
        row_number() over (partition by event_id order by occurred_at desc) as row_num
    from source
    where event_id is not null
      and customer_id is not null

)

select
    event_id,
    customer_id,
    event_type,
    occurred_at
from ranked
where row_num = 1
  and occurred_at is not null
  and customer_id in (select customer_id from main."stg_customers")