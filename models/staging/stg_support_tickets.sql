-- Support desk CSV export: one row per ticket, priorities and statuses normalised.
{%- set priority_map = {'p1': 'urgent', 'p2': 'high', 'p3': 'medium', 'p4': 'low'} %}
{%- set status_map = {'solved': 'closed', 'resolved': 'closed'} %}

with source as (

    select distinct * from {{ ref('raw_support_tickets') }}

)

select
    ticket_id,
    {{ clean_email('customer_email') }} as customer_email,
    {{ safe_timestamp('opened_at') }} as opened_at,
    {{ map_values('priority', priority_map) }} as priority,
    {{ map_values('status', status_map) }} as status
from source
where ticket_id is not null
