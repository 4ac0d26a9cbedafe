{{ config(schema='  finance ', alias='summary') }}
-- in-file schema (with stray spaces; dbt trims it) overrides the folder's
select count(*) as accounts, '{{ this }}' as this_relation
from {{ ref('account_report') }}
