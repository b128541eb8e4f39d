"""The properties a query may name on each entity, spelled exactly as the XSDs do.

Taken from Intuit's XSDs (Finance.xsd and the files it includes, see
/work/shared/specs/quickbooks); tests/sandbox/test_quickbooks_query_fields.py checks
the tables still match them. A word is a property: "Name" holds a simple value,
"Name:Type" an object of that XSD type, and a bare "...Ref" a ReferenceType.
Property names are case-sensitive in QBO, so these are compared exactly.
"""

from sandbox.quickbooks.query_types import TYPE_FIELDS

ENTITY_FIELDS = {
    "Invoice": (
        "ARAccountRef AllowIPNPayment AllowOnlineACHPayment AllowOnlineAffirmPayment "
        "AllowOnlineCreditCardPayment AllowOnlinePayPalPayment AllowOnlinePayment "
        "ApplyTaxAfterDiscount AttachableRef:AttachableRef AutoDocNumber "
        "AutoPayEligible Balance BillAddr:PhysicalAddress BillEmail:EmailAddress "
        "BillEmailBcc:EmailAddress BillEmailCc:EmailAddress CfdiUse "
        "CheckPayment:CheckPayment ClassRef ConvenienceFeeDetail:ConvenienceFeeDetail "
        "CreditCardPayment:CreditCardPayment CurrencyRef CustomField:CustomField "
        "CustomerMemo:MemoRef CustomerRef DeliveryInfo:TransactionDeliveryInfo "
        "DepartmentRef Deposit DepositToAccountRef DiscountAmt DiscountRate DocNumber "
        "DueDate ECloudStatusTimeStamp EInvoiceStatus EmailStatus "
        "EnabledSurchargeInfo:EnabledSurchargeInfo ExchangeRate Exportation FOB "
        "FinanceCharge FinancingProductType FreeFormAddress GlobalInfo:MXGlobalInfo "
        "GlobalTaxCalculation GovtTxnRefIdentifier GratuityEnabled HomeBalance "
        "HomeTotalAmt HomeTotalCostAmount Id InvoiceEx InvoiceLink "
        "InvoiceLinkExpiryDate InvoiceLinkSecurityCode LessCIS Line:Line "
        "LinkedTxn:LinkedTxn MetaData:ModificationMetaData PONumber "
        "PaymentDetailsMessage PaymentMethodRef PaymentRefNum PaymentType PrintStatus "
        "PrivateNote ProjectRef RecurDataRef RecurringInfo:RecurringInfo RemitToRef "
        "SalesRepRef SalesTermRef SchedulePayEligible ScheduledPaymentId "
        "ShipAddr:PhysicalAddress ShipDate ShipFromAddr:PhysicalAddress ShipMethodRef "
        "ShippingTaxIncludedInTotalTax SubscriptionPaymentsSetting SyncToken Tag:Tag "
        "TaxExemptionRef TaxFormNum TaxFormType TemplateRef TotalAmt TotalCostAmount "
        "TrackingNum TransactionLocationType TxnApprovalInfo:TxnApprovalInfo TxnDate "
        "TxnRetainageDetail:TxnRetainageDetail TxnSource TxnStatus TxnSubType "
        "TxnTaxDetail:TxnTaxDetail callToAction domain invoiceStatus "
        "invoiceStatusLog:StatusInfo sparse status"
    ),
    "CreditMemo": (
        "ARAccountRef ApplyTaxAfterDiscount AttachableRef:AttachableRef AutoDocNumber "
        "Balance BillAddr:PhysicalAddress BillEmail:EmailAddress "
        "BillEmailBcc:EmailAddress BillEmailCc:EmailAddress CheckPayment:CheckPayment "
        "ClassRef CreditCardPayment:CreditCardPayment CreditMemoEx CurrencyRef "
        "CustomField:CustomField CustomerMemo:MemoRef CustomerRef "
        "DeliveryInfo:TransactionDeliveryInfo DepartmentRef DepositToAccountRef "
        "DiscountAmt DiscountRate DocNumber DueDate EmailStatus ExchangeRate FOB "
        "FinanceCharge FreeFormAddress GlobalTaxCalculation GovtTxnRefIdentifier "
        "HomeBalance HomeTotalAmt HomeTotalCostAmount Id InvoiceRef Line:Line "
        "LinkedTxn:LinkedTxn MetaData:ModificationMetaData PONumber PaymentMethodRef "
        "PaymentRefNum PaymentType PrintStatus PrivateNote ProjectRef RecurDataRef "
        "RecurringInfo:RecurringInfo RemainingCredit RemitToRef SalesRepRef "
        "SalesTermRef ShipAddr:PhysicalAddress ShipDate ShipFromAddr:PhysicalAddress "
        "ShipMethodRef ShippingTaxIncludedInTotalTax SyncToken Tag:Tag TaxExemptionRef "
        "TaxFormNum TaxFormType TemplateRef TotalAmt TotalCostAmount TrackingNum "
        "TransactionLocationType TxnApprovalInfo:TxnApprovalInfo TxnDate TxnSource "
        "TxnStatus TxnSubType TxnTaxDetail:TxnTaxDetail domain sparse status"
    ),
    "Payment": (
        "ARAccountRef AttachableRef:AttachableRef CheckPayment:CheckPayment "
        "CreditCardPayment:CreditCardPayment CurrencyRef CustomField:CustomField "
        "CustomerRef DepartmentRef DepositToAccountRef DocNumber ExchangeRate "
        "HomeTotalCostAmount Id Line:Line LinkedTxn:LinkedTxn "
        "MetaData:ModificationMetaData PaymentEx PaymentExtendedType PaymentMethodRef "
        "PaymentRefNum PaymentType PrivateNote ProcessPayment ProjectRef RecurDataRef "
        "RecurringInfo:RecurringInfo RemitToRef SyncToken Tag:Tag TaxFormNum "
        "TaxFormType TotalAmt TotalCostAmount TransactionLocationType "
        "TxnApprovalInfo:TxnApprovalInfo TxnDate TxnSource TxnStatus TxnSubType "
        "TxnTaxDetail:TxnTaxDetail UnappliedAmt domain sparse status"
    ),
    "Customer": (
        "ARAccountRef AcctNum Active AltContactName AlternatePhone:TelephoneNumber "
        "AttachableRef:AttachableRef Balance BalanceWithJobs BillAddr:PhysicalAddress "
        "BillWithParent BusinessNumber CCDetail:CreditChargeInfo ClientCompanyId "
        "ClientEntityId CompanyName ContactName CreditLimit CurrencyRef "
        "CustomField:CustomField CustomerEx CustomerTypeRef DefaultTaxCodeRef "
        "DisplayName FamilyName Fax:TelephoneNumber FullyQualifiedName GSTIN "
        "GSTRegistrationType GivenName Id IntuitId IsCISContractor IsProject Job "
        "JobInfo:JobInfo Level MetaData:ModificationMetaData MiddleName "
        "Mobile:TelephoneNumber Notes OpenBalanceDate Organization "
        "OtherAddr:PhysicalAddress OtherContactInfo:ContactInfo OverDueBalance "
        "ParentRef PaymentMethodRef PreferredDeliveryMethod PriceLevelRef "
        "PrimaryEmailAddr:EmailAddress PrimaryPhone:TelephoneNumber "
        "PrimaryTaxIdentifier PrintOnCheckName ResaleNum RootCustomerRef SalesRepRef "
        "SalesTermRef SecondaryTaxIdentifier ShipAddr:PhysicalAddress Source Suffix "
        "SyncToken TDSEnabled TaxExemptionReasonId TaxGroupCodeRef TaxRateRef "
        "TaxRegime Taxable Title TotalExpense TotalRevenue UserId V4IDPseudonym "
        "WebAddr:WebSiteAddress domain sparse status"
    ),
    "Item": (
        "AbatementRate Active AssetAccountRef AttachableRef:AttachableRef AvgCost "
        "BuildPoint COGSAccountRef ClassRef CustomExtensions:CustomExtensions "
        "CustomField:CustomField DeferredRevenue DepositToAccountRef Description "
        "ExpenseAccountRef FullyQualifiedName Id IncomeAccountRef InvStartDate "
        "ItemAssemblyDetail:ItemAssemblyDetail ItemCategoryType ItemEx "
        "ItemGroupDetail:ItemGroupDetail Level ManPartNum "
        "MetaData:ModificationMetaData Name ParentRef PaymentMethodRef PercentBased "
        "PrefVendorRef PrintGroupedItems PurchaseCost PurchaseDesc PurchaseTaxCodeRef "
        "PurchaseTaxIncluded QtyOnHand QtyOnPurchaseOrder QtyOnSalesOrder RatePercent "
        "ReorderPoint ReverseChargeRate SalesTaxCodeRef SalesTaxIncluded ServiceType "
        "Sku Source SpecialItem SpecialItemType SubItem SyncToken TaxClassificationRef "
        "Taxable TrackQtyOnHand Type UOMSetRef UQCDisplayText UQCId UnitPrice domain "
        "sparse status"
    ),
    "Account": (
        "AccountAlias AccountEx AccountPurposes:ReferenceType AccountSubType "
        "AccountType AcctNum AcctNumExtn Active AttachableRef:AttachableRef BankNum "
        "Classification CurrencyRef CurrentBalance CurrentBalanceWithSubAccounts "
        "CustomField:CustomField Description FIName FullyQualifiedName Id "
        "JournalCodeRef MetaData:ModificationMetaData Name OnlineBankingEnabled "
        "OpeningBalance OpeningBalanceDate ParentRef SubAccount SyncToken TaxAccount "
        "TaxCodeRef TxnLocationType domain sparse status"
    ),
    "TaxCode": (
        "Active AdjustmentTaxRateList:TaxRateList AttachableRef:AttachableRef "
        "CustomField:CustomField Description Hidden Id MetaData:ModificationMetaData "
        "Name PurchaseTaxRateList:TaxRateList SalesTaxRateList:TaxRateList SyncToken "
        "TaxCodeConfigType TaxCodeEx TaxGroup Taxable domain sparse status"
    ),
    "TaxRate": (
        "Active AgencyRef AttachableRef:AttachableRef CustomField:CustomField "
        "Description DisplayType EffectiveTaxRate:EffectiveTaxRate Id "
        "MetaData:ModificationMetaData Name OriginalTaxRate:ReferenceType RateValue "
        "SpecialTaxType SyncToken TaxRateEx TaxReturnLineRef domain sparse status"
    ),
    "CompanyInfo": (
        "AttachableRef:AttachableRef CompanyAddr:PhysicalAddress "
        "CompanyEmailAddr:EmailAddress CompanyFileName CompanyInfoEx CompanyName "
        "CompanyStartDate CompanyURL:WebSiteAddress CompanyUserAdminEmail "
        "CompanyUserId Country CustomField:CustomField "
        "CustomerCommunicationAddr:PhysicalAddress "
        "CustomerCommunicationEmailAddr:EmailAddress DefaultTimeZone "
        "Email:EmailAddress EmployerId Fax:TelephoneNumber FifoCalculationStatus "
        "FiscalYearStartMonth FlavorStratum Id LastImportedTime LastSyncTime "
        "LegalAddr:PhysicalAddress LegalName MetaData:ModificationMetaData "
        "Mobile:TelephoneNumber MultiByteCharsSupported NameValue:NameValue "
        "OtherAddr:PhysicalAddress OtherContactInfo:ContactInfo "
        "PrimaryPhone:TelephoneNumber QBVersion SampleFile ShipAddr:PhysicalAddress "
        "SupportedLanguages SyncToken TaxYearStartMonth WebAddr:WebSiteAddress domain "
        "sparse status"
    ),
    "Preferences": (
        "AccountingInfoPrefs:CompanyAccountingPrefs "
        "AdvancedInventoryPrefs:AdvancedInventoryPrefs AttachableRef:AttachableRef "
        "CurrencyPrefs:CurrencyPrefs CustomField:CustomField "
        "EmailMessagesPrefs:EmailMessagesPrefs FinanceChargesPrefs:FinanceChargePrefs "
        "Id MetaData:ModificationMetaData OtherPrefs:OtherPrefs "
        "PrintDocumentPrefs:PrintDocumentPrefs "
        "ProductAndServicesPrefs:ProductAndServicesPrefs ReportPrefs:ReportPrefs "
        "SalesFormsPrefs:SalesFormsPrefs SyncToken TaxPrefs:TaxPrefs "
        "TimeTrackingPrefs:TimeTrackingPrefs "
        "VendorAndPurchasesPrefs:VendorAndPurchasesPrefs domain sparse status"
    ),
}


def _table(spelled):
    """{property: XSD type of an object property, or None for a simple value}."""
    found = {}
    for word in spelled.split():
        name, _, kind = word.partition(":")
        found[name] = kind or ("ReferenceType" if name.endswith("Ref") else None)
    return found


ENTITIES = {name: _table(text) for name, text in ENTITY_FIELDS.items()}
TYPES = {name: _table(text) for name, text in TYPE_FIELDS.items()}
# Entity names are matched in any case (node-quickbooks writes "from customer").
BY_LOWER = {name.lower(): name for name in ENTITIES}


def known(entity, path):
    """True when each step of a dotted path is a property of the step before it."""
    table = ENTITIES[entity]
    for step in path.split("."):
        if table is None or step not in table:
            return False
        kind = table[step]
        table = TYPES.get(kind) if kind else None
    return True


# Properties an entity has but QBO will not filter on: Intuit answers a WHERE on
# them with 4001 "property 'AcctNum' is not queryable" (Intuit staff on
# intuit/QuickBooks-V3-DotNET-SDK#163: AcctNum is valid on Account, Vendor and
# Customer but not filterable). Line details are never filterable (the entity
# references mark none of them filterable; intuit/QuickBooks-V3-DotNET-SDK#119).
NOT_FILTERABLE = {
    "Account": {"AcctNum"},
    "Customer": {"AcctNum"},
    "Vendor": {"AcctNum"},
}


def filterable(entity, path):
    first = path.split(".")[0]
    return first != "Line" and first not in NOT_FILTERABLE.get(entity, ())
