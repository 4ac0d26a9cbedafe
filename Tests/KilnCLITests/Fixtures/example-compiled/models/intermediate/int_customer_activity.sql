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