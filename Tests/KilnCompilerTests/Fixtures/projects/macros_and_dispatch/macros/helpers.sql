{# return() of non-string values: a list and a dict #}
{% macro payment_methods() %}
    {{ return(['credit_card', 'bank_transfer', 'gift_card']) }}
{% endmacro %}

{% macro method_labels() %}
    {% do return({'credit_card': 'Card', 'bank_transfer': 'Bank', 'gift_card': 'Gift'}) %}
{% endmacro %}

{# default and keyword arguments #}
{% macro cents_to_dollars(column, scale=2, alias=none) -%}
    round({{ column }} / 100.0, {{ scale }}){% if alias %} as {{ alias }}{% endif %}
{%- endmacro %}

{# a macro calling another macro, and a block set #}
{% macro pivot_sum(column, values, value_column) -%}
    {%- set labels = method_labels() -%}
    {%- for v in values %}
    sum(case when {{ column }} = '{{ v }}' then {{ value_column }} else 0 end) as {{ v }}_amount{{ "," if not loop.last }}  -- {{ labels[v] }}
    {%- endfor %}
{%- endmacro %}

{# whitespace left in on purpose: no "-" trimming inside #}
{% macro loose_whitespace(x) %}
    {% if x > 1 %}
        big
    {% else %}
        small
    {% endif %}
{% endmacro %}
