{{ config(materialized='ephemeral') }}
select n, n * 2 as doubled
from {{ ref('base_numbers') }}
