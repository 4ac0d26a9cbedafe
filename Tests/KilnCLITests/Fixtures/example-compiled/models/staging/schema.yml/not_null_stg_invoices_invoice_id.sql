
    
    



select invoice_id
from main."stg_invoices"
where invoice_id is null


