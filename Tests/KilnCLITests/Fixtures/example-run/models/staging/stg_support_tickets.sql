
    
    create view main."stg_support_tickets" as
    -- Support desk CSV export: one row per ticket, priorities and statuses normalised.

with source as (

    select distinct * from main."raw_support_tickets"

)

select
    ticket_id,
    case
        when lower(trim(customer_email)) like '%_@_%._%'
         and lower(trim(customer_email)) not like '% %'
        then lower(trim(customer_email))
    end as customer_email,
    case when datetime(opened_at, '+0 seconds') = opened_at then datetime(opened_at, '+0 seconds') end as opened_at,
    case lower(trim(priority))
        when 'p1' then 'urgent'
        when 'p2' then 'high'
        when 'p3' then 'medium'
        when 'p4' then 'low'
        else lower(trim(priority))
    end as priority,
    case lower(trim(status))
        when 'solved' then 'closed'
        when 'resolved' then 'closed'
        else lower(trim(status))
    end as status
from source
where ticket_id is not null;