select *
from (select '{{ var("start_date") }}' as event_date, {{ var('row_limit') }} as max_rows) as events
where event_date >= '{{ var("start_date") }}'
limit {{ var('row_limit') }}
