-- Credit notes belong on invoices; a subscription's MRR is never negative.
select subscription_id, mrr_cents
from {{ ref('stg_subscriptions') }}
where mrr_cents < 0
