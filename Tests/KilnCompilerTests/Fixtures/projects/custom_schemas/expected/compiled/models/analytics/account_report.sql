-- folder +schema: analytics -> <target.schema>_analytics
select account_id, account_name, 'main_analytics' as built_in_schema
from main."base_accounts"