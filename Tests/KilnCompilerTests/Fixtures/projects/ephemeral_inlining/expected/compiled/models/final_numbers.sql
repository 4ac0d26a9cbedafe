-- refs both ephemerals; its own WITH clause is merged after the injected CTEs
with  __dbt__cte__eph_doubled as (

select n, n * 2 as doubled
from main."base_numbers"
),  __dbt__cte__eph_filtered as (

select n, doubled
from __dbt__cte__eph_doubled
where doubled > 2
), extra as (
    select n, doubled from __dbt__cte__eph_doubled where n = 1
)
select n, doubled from __dbt__cte__eph_filtered
union all
select n, doubled from extra