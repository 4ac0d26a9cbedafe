
    
    



select invoice_id
from main."raw_invoices"
where invoice_id is null


