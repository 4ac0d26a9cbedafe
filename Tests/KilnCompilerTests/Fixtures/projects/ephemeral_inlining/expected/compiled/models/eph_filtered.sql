
with __dbt__cte__eph_doubled as (

select n, n * 2 as doubled
from main."base_numbers"
) select n, doubled
from __dbt__cte__eph_doubled
where doubled > 2