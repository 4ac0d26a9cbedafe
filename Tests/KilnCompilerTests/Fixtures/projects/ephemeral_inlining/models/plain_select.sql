{{ config(materialized='view') }}
-- no WITH of its own: dbt prepends one
select count(*) as n_filtered from {{ ref('eph_filtered') }}
