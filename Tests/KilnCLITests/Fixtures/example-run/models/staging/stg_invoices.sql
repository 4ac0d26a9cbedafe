
    
    create view main."stg_invoices" as
    -- depends_on: main."raw_invoices"


with source as (

    select * from main."raw_invoices"

)

select
    invoice_id,
    subscription_id,
    amount_cents,
    tax_rate,
    case when amount_cents < 0 then 'refund' else 'charge' end as invoice_type,
    case when date(issued_at, '+0 days') = substr(issued_at, 1, 10) then date(issued_at, '+0 days') end as issued_at,
    case when datetime(paid_at, '+0 seconds') = paid_at then datetime(paid_at, '+0 seconds') end as paid_at
from source
where invoice_id is not null
  and subscription_id in (select subscription_id from main."stg_subscriptions");