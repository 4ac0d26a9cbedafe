
with __dbt__cte__eph_doubled as (

select n, n * 2 as doubled
from main."base_numbers"
),  __dbt__cte__eph_filtered as (

select n, doubled
from __dbt__cte__eph_doubled
where doubled > 2
) -- no WITH of its own: dbt prepends one
select count(*) as n_filtered from __dbt__cte__eph_filtered