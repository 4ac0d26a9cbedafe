{{ config(materialized='ephemeral') }}
select n, doubled
from {{ ref('eph_doubled') }}
where doubled > 2
