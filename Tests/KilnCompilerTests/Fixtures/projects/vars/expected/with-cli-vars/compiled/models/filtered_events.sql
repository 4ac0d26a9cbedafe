select *
from (select '2025-06-01' as event_date, 3 as max_rows) as events
where event_date >= '2025-06-01'
limit 3