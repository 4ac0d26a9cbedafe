
-- Fixture for stg_invoices
select 
    
    cast(1 as INT)
 as invoice_id, 
    
    cast(101 as INT)
 as subscription_id, 
    
    cast(1000 as INT)
 as amount_cents, cast(null as REAL) as tax_rate, cast(null as UNKNOWN) as invoice_type, cast(null as UNKNOWN) as issued_at, 
    
    cast('2024-06-01' as UNKNOWN)
 as paid_at