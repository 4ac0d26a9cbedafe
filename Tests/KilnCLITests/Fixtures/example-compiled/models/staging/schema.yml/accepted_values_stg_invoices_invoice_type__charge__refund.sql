
    
    

with all_values as (

    select
        invoice_type as value_field,
        count(*) as n_records

    from main."stg_invoices"
    group by invoice_type

)

select *
from all_values
where value_field not in (
    'charge','refund'
)


