select 1 as customer_id, 5 as event_count, 0 as ticket_count, 0 as open_ticket_count, '2024-06-20 10:00:00' as last_activity_at
union all
select 2 as customer_id, 3 as event_count, 1 as ticket_count, 1 as open_ticket_count, '2024-03-01 09:00:00' as last_activity_at
union all
select 3 as customer_id, 8 as event_count, 0 as ticket_count, 0 as open_ticket_count, '2024-06-25 12:00:00' as last_activity_at