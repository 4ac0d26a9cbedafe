{%- set methods = payment_methods() -%}
{%- set header -%}
    -- methods: {{ methods | join(' / ') }}
{%- endset -%}
{{ header }}
select
    {{ concat_ws('-', ['first_name', 'last_name']) }} as full_name,
    {{ cents_to_dollars('amount_cents') }} as amount,
    {{ cents_to_dollars('amount_cents', scale=0, alias='amount_rounded') }},
    {{ current_day() }} as as_of,
    {{ pivot_sum('method', methods, 'amount_cents') }}
from {{ ref('payments') }}
group by 1, 2, 3, 4
