-- no custom schema: lands in target.schema
select 1 as account_id, 'acme' as account_name