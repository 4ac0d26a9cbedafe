select *
from (select '2024-01-01' as event_date, 10 as max_rows) as events
where event_date >= '2024-01-01'
limit 10