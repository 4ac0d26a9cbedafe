-- refs both ephemerals; its own WITH clause is merged after the injected CTEs
with extra as (
    select n, doubled from {{ ref('eph_doubled') }} where n = 1
)
select n, doubled from {{ ref('eph_filtered') }}
union all
select n, doubled from extra
