-- depends_on: {{ ref('raw_invoices') }}
{# The invoices come in through the `billing` source, which points at the seeded
   table; the comment above orders this view after the seed. #}

with source as (

    select * from {{ source('billing', 'invoices') }}

)

select
    invoice_id,
    subscription_id,
    amount_cents,
    tax_rate,
    case when amount_cents < 0 then 'refund' else 'charge' end as invoice_type,
    {{ safe_date('issued_at') }} as issued_at,
    {{ safe_timestamp('paid_at') }} as paid_at
from source
where invoice_id is not null
  and subscription_id in (select subscription_id from {{ ref('stg_subscriptions') }})
