{% snapshot customers_snapshot %}
{#- Type-2 history of each customer: a new version whenever the app database updates the
    row (updated_at moves), so "which plan was this customer on last March?" has an answer. -#}
{{
    config(
      unique_key='customer_id',
      strategy='timestamp',
      updated_at='updated_at',
    )
}}

select customer_id, email, full_name, plan, country_code, updated_at
from {{ ref('stg_customers') }}
where updated_at is not null

{% endsnapshot %}
