
    
    



select current_mrr_cents
from main."customer_churn_features"
where current_mrr_cents is null


