
-- in-file schema (with stray spaces; dbt trims it) overrides the folder's
select count(*) as accounts, 'main_finance."summary"' as this_relation
from main_analytics."account_report"