{{
    config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='delete+insert'
    )
}}

select
    event_id,
    customer_id,
    event_type,
    occurred_at,
    {{ safe_date('occurred_at') }} as event_date
from {{ ref('stg_events') }}

{% if is_incremental() %}
-- only events newer than the newest one already loaded
where occurred_at > (select max(occurred_at) from {{ this }})
{% endif %}
