-- Credit notes belong on invoices; a subscription's MRR is never negative.
select subscription_id, mrr_cents
from main."stg_subscriptions"
where mrr_cents < 0