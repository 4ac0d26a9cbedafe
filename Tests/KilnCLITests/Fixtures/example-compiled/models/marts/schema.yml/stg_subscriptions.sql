select 101 as subscription_id, 1 as customer_id, 'active' as status, 1000 as mrr_cents, cast(null as date) as started_at
union all
select 102 as subscription_id, 2 as customer_id, 'active' as status, 500 as mrr_cents, cast(null as date) as started_at
union all
select 103 as subscription_id, 3 as customer_id, 'cancelled' as status, 0 as mrr_cents, cast(null as date) as started_at
union all
select 104 as subscription_id, 4 as customer_id, 'active' as status, 200 as mrr_cents, cast(null as date) as started_at