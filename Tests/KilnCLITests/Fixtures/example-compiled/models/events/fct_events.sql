

select
    event_id,
    customer_id,
    event_type,
    occurred_at,
    case when date(occurred_at, '+0 days') = substr(occurred_at, 1, 10) then date(occurred_at, '+0 days') end as event_date
from main."stg_events"

