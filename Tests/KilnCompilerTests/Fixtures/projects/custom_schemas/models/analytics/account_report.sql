-- folder +schema: analytics -> <target.schema>_analytics
select account_id, account_name, '{{ this.schema }}' as built_in_schema
from {{ ref('base_accounts') }}
