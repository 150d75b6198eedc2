// Node 20 is supported locally (Lambda runs 22 or later): the AWS SDK's notice about its future support is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
